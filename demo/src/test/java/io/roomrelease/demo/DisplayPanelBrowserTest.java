package io.roomrelease.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.AuditStore;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.ews.simulator.model.CalendarEntry;

/**
 * The room display panel and the dashboard in a real browser (Debian's headless Chromium driven by Selenium through
 * /usr/bin/chromedriver) against the demo profile: the bundle in this JVM with the demo scenario in the EWS simulator.
 * Screenshots go to demo/target/screenshots on each run. Without Chromium the test is skipped with a message, except in
 * CI (CI=true), where that is a failure: .ci/run installs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisplayPanelBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String ROOM_1A = "room-1a@contoso.com"; // meeting in progress, checked in
    private static final String ROOM_1B = "room-1b@contoso.com"; // meeting started 20 minutes ago, nobody checked in

    private Path dir;
    private TestClock clock;
    private Instant t0;
    private DemoLauncher demo;
    private RoomReleaseApp app;
    private WebDriver browser;
    private String base;
    private Path screenshots;

    @BeforeAll
    void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + " (CI=true: .ci/run installs them)");
            }
            Assumptions.abort("Skipped: " + why);
        }
        dir = Files.createTempDirectory("roomrelease-browser");
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = new TestClock(t0);
        demo = DemoLauncher.start(clock, dir.resolve("demo"));
        int port = freePort();
        Map<String, String> settings = new LinkedHashMap<>(demo.properties());
        settings.put("camel.server.port", String.valueOf(port));
        settings.put("camel.management.enabled", "false");
        settings.put("camel.component.quartz.auto-start-scheduler", "false");
        settings.put("roomrelease.sweep.on-startup", "false");
        settings.put("roomrelease.data-dir", dir.toString());
        settings.put("roomrelease.db.url", "jdbc:h2:file:" + dir.resolve("db/roomrelease").toAbsolutePath());
        settings.put("roomrelease.audit.file", dir.resolve("audit").toString());
        settings.put("roomrelease.cleanup.report-dir", dir.resolve("reports").toString());
        // a 30-minute claim window: Room 1B's meeting (started 20 minutes ago) is "about to be released" in 10 minutes
        settings.put("roomrelease.policy.grace-minutes", "30");
        settings.put("roomrelease.policy.checkin-closes-minutes", "30");
        app = RoomReleaseApp.builder().profile("demo").clock(clock).properties(settings).start();
        demo.seedCheckIns(app.context().getRegistry().lookupByNameAndType("checkInStore", CheckInStore.class));
        base = "http://localhost:" + port;

        screenshots = Path.of("demo", "target", "screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("chromium-profile"),
                "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(WAIT);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (demo != null) {
            demo.close();
        }
        if (dir != null) {
            org.apache.camel.util.FileUtil.removeDir(dir.toFile());
        }
    }

    @Test
    @Order(1)
    void aWrongKeyShowsTheErrorState() {
        browser.get(base + "/display/");
        waitForState("setup");
        setUp(ROOM_1B, "not-the-key-of-this-room");
        waitForState("error");
        assertThat(browser.findElement(By.id("error-state")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("error-title")).getText()).contains("not accepted");
        assertThat(browser.findElement(By.id("panel")).isDisplayed()).isFalse();
        // the key never reaches a URL: the page's address is still /display/
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/display/");
        browser.findElement(By.id("error-setup")).click();
        waitForState("setup");
    }

    @Test
    @Order(2)
    void aCheckInAtThePanelKeepsTheMeetingThroughTheNextSweep() throws Exception {
        browser.get(base + "/display/");
        setUp(ROOM_1B, demo.displayKeys().get(ROOM_1B));
        waitForStatus("about-to-be-released");
        assertThat(text("status-text")).isEqualTo("About to be released");
        assertThat(text("countdown")).matches("Released in (9|10):\\d\\d unless someone checks in");
        assertThat(text("room-name")).isEqualTo("Room 1b");
        screenshot("panel-landscape", 1280, 800);
        screenshot("panel-portrait", 800, 1280);
        browser.manage().window().setSize(new Dimension(1280, 800));

        browser.findElement(By.id("check-in")).click();
        waitForStatus("checked-in");
        assertThat(text("status-text")).isEqualTo("Checked in");
        assertThat(browser.findElement(By.id("countdown")).isDisplayed()).isFalse();

        clock.set(t0.plus(Duration.ofMinutes(15))); // Room 1B's grace ended 5 minutes ago
        app.sweepNow();
        assertThat(releasesOf(ROOM_1B)).isEmpty();
        assertThat(calendar(ROOM_1B)).anySatisfy(e -> assertThat(e.start()).isEqualTo(t0.minus(Duration.ofMinutes(20))));
        clock.set(t0);
    }

    @Test
    @Order(3)
    void endNowFreesTheRoomInTheCalendar() {
        showRoom(ROOM_1A);
        waitForStatus("checked-in");
        CalendarEntry before = inProgress(ROOM_1A);
        browser.findElement(By.id("end-now")).click();
        waitForStatus("free");
        assertThat(text("message")).contains("Meeting ended");
        CalendarEntry after = calendar(ROOM_1A).stream().filter(e -> e.id().equals(before.id())).findFirst()
                .orElseThrow();
        assertThat(after.end()).isEqualTo(clock.instant());
        assertThat(calendar(ROOM_1A)).noneSatisfy(e -> assertThat(e.start()).isBefore(clock.instant())
                .satisfies(s -> assertThat(e.end()).isAfter(clock.instant())));
    }

    @Test
    @Order(4)
    void bookNowCreatesExactlyOneMeetingEvenWhenTappedTwice() {
        // a minute after "end now" (the display lock tells actions apart by time; the test clock stands still)
        clock.set(t0.plus(Duration.ofMinutes(1)));
        showRoom(ROOM_1A);
        waitForStatus("free");
        long before = calendar(ROOM_1A).stream().filter(CalendarEntry::isOrganizer).count();
        new Actions(browser).doubleClick(browser.findElement(By.id("book-30"))).perform();
        new WebDriverWait(browser, WAIT).withMessage(() -> "message: " + text("message"))
                .until(d -> text("message").startsWith("Booked until"));
        waitForStatus("busy"); // booked just now: a late booking, never released
        List<CalendarEntry> booked = calendar(ROOM_1A).stream().filter(CalendarEntry::isOrganizer).toList();
        assertThat(booked).hasSize((int) before + 1);
        assertThat(booked.get(booked.size() - 1).start()).isEqualTo(clock.instant());
        assertThat(booked.get(booked.size() - 1).end()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(auditStore().find(ROOM_1A, t0.minusSeconds(1), clock.instant().plusSeconds(1), 100).stream()
                .filter(r -> "createEvent".equals(r.operation()))).hasSize(1);
    }

    @Test
    @Order(5)
    void theDashboardShowsTheAuditsNumbers() throws Exception {
        clock.set(t0.plus(Duration.ofMinutes(15)));
        app.sweepNow(); // Room 1C's no-show occurrence (started 40 minutes ago) is released
        List<AuditRecord> releases = auditStore().find(null, t0.minus(Duration.ofDays(1)),
                clock.instant().plusSeconds(1), 1000).stream()
                .filter(r -> AuditRecord.OK.equals(r.result()))
                .filter(r -> "declineEvent".equals(r.operation()) || "cancelEvent".equals(r.operation()))
                .filter(r -> !r.recordedAt().isBefore(t0.truncatedTo(ChronoUnit.DAYS)))
                .toList();
        assertThat(releases).isNotEmpty();
        double hours = 0;
        for (AuditRecord r : releases) { // the booked end, from the organizer's copy of the meeting
            CalendarEntry meeting = demo.simulator().store().calendar(r.organizer(), r.occurrenceStart(),
                            r.occurrenceStart().plus(Duration.ofDays(1))).stream()
                    .filter(e -> e.start().equals(r.occurrenceStart())).findFirst().orElseThrow();
            hours += Duration.between(r.recordedAt(), meeting.end()).toSeconds() / 3600.0;
        }

        browser.manage().window().setSize(new Dimension(1366, 1100));
        browser.get(base + "/admin/");
        waitForState("setup");
        browser.findElement(By.id("setup-key")).sendKeys(demo.adminKey());
        browser.findElement(By.id("setup-form")).submit();
        waitForState("ok");
        new WebDriverWait(browser, WAIT).until(d -> !text("today-releases").equals("–"));
        assertThat(Integer.parseInt(text("today-releases"))).isEqualTo(releases.size());
        assertThat(Double.parseDouble(text("today-hours"))).isCloseTo(hours, org.assertj.core.data.Offset.offset(0.006));
        int auditRows = auditStore().find(null, clock.instant().minus(Duration.ofHours(24)),
                clock.instant().plusSeconds(1), 10_000).size();
        assertThat(text("audit-count")).isEqualTo(auditRows + " record(s)");
        assertThat(browser.findElements(By.cssSelector("#audit-table tbody tr"))).hasSize(auditRows);
        // one bar per room in each room chart, drawn as SVG by the page
        assertThat(browser.findElements(By.cssSelector("#chart-room-no-show svg rect"))).hasSize(8);
        assertThat(browser.findElements(By.cssSelector("#chart-list-utilisation svg rect"))).hasSize(2);
        screenshot("dashboard", 1366, 1100);
        browser.findElement(By.id("days-30")).click();
        new WebDriverWait(browser, WAIT).until(d -> browser.findElement(By.id("days-30"))
                .getAttribute("aria-pressed").equals("true"));
    }

    @Test
    @Order(6)
    void whenTheServerGoesAwayThePanelSaysItIsOfflineAndKeepsTheLastStatus() {
        browser.manage().window().setSize(new Dimension(1280, 800));
        showRoom(ROOM_1B);
        waitForStatus("checked-in");
        app.close();
        app = null;
        ((JavascriptExecutor) browser).executeScript("window.dispatchEvent(new Event('online'));"); // refresh now
        waitForState("offline");
        assertThat(browser.findElement(By.id("offline-banner")).isDisplayed()).isTrue();
        assertThat(text("offline-banner")).startsWith("Offline: showing the status of");
        assertThat(browser.findElement(By.id("status-block")).getAttribute("data-status")).isEqualTo("checked-in");
        assertThat(browser.findElement(By.id("check-in")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("end-now")).isEnabled()).isFalse();
    }

    private void setUp(String room, String key) {
        browser.findElement(By.id("setup-room")).clear();
        browser.findElement(By.id("setup-room")).sendKeys(room);
        browser.findElement(By.id("setup-key")).sendKeys(key);
        browser.findElement(By.id("setup-save")).click();
    }

    private void showRoom(String room) {
        ((JavascriptExecutor) browser).executeScript("localStorage.setItem('roomrelease.display', JSON.stringify("
                + "{room: arguments[0], key: arguments[1]}));", room, demo.displayKeys().get(room));
        browser.get(base + "/display/");
    }

    private void waitForState(String state) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state",
                state));
    }

    private void waitForStatus(String status) {
        waitForState("ok");
        try {
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("status-block"),
                    "data-status", status));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("The panel did not show '" + status + "'; it shows '"
                    + browser.findElement(By.id("status-block")).getAttribute("data-status") + "', message '"
                    + text("message") + "'", e);
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private void screenshot(String name, int width, int height) throws IOException {
        browser.manage().window().setSize(new Dimension(width, height));
        // let the layout settle after the resize
        ((JavascriptExecutor) browser).executeAsyncScript("requestAnimationFrame(() => requestAnimationFrame("
                + "arguments[arguments.length - 1]));");
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private List<CalendarEntry> calendar(String room) {
        return demo.simulator().store().calendar(room);
    }

    private CalendarEntry inProgress(String room) {
        return calendar(room).stream().filter(e -> !e.start().isAfter(clock.instant())
                && e.end().isAfter(clock.instant())).findFirst().orElseThrow();
    }

    private List<AuditRecord> releasesOf(String room) {
        return auditStore().find(room, t0.minus(Duration.ofDays(1)), clock.instant().plusSeconds(1), 1000).stream()
                .filter(r -> "declineEvent".equals(r.operation()) || "cancelEvent".equals(r.operation())).toList();
    }

    private AuditStore auditStore() {
        return app.context().getRegistry().lookupByNameAndType("auditStore", AuditStore.class);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
