package io.roomrelease.camel.ews.it;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.roomrelease.camel.ews.EwsComponent;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.PermissionLevel;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.soap.EwsCall;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;
import io.roomrelease.ews.simulator.soap.SecureXml;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.w3c.dom.Element;

/**
 * Figures, not a test: getAvailability of 100 rooms with one or two meetings each, freeBusyView=Detailed vs FreeBusy,
 * against the simulator over HTTP (no schema validation, so that its cost does not hide the difference). Prints the
 * answer's size on the wire (a raw POST of the component's request shape) and, per call, the CPU time of the calling
 * thread (the component: build, send, read, parse) and of the simulator's handler (building the answer's DOM) and of
 * serialising the answer element once more. Rooms show details to the service account (LimitedDetails) or, as
 * Exchange ships them and the bench scenario has them, availability only. Run with the component's test class path.
 */
public final class FreeBusyViewFigures {
    private FreeBusyViewFigures() {
    }

    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Measures the simulator's side of each call. */
    static final class Measured implements EwsOperationHandler {
        volatile EwsOperationHandler real;
        final AtomicLong handleNanos = new AtomicLong();
        final AtomicLong serialiseNanos = new AtomicLong();

        @Override
        public String operation() {
            return "GetUserAvailabilityRequest";
        }

        @Override
        public Element handle(EwsCall call) {
            long c0 = CPU.getCurrentThreadCpuTime();
            Element answer = real.handle(call);
            long c1 = CPU.getCurrentThreadCpuTime();
            SecureXml.toBytes(answer);
            long c2 = CPU.getCurrentThreadCpuTime();
            handleNanos.addAndGet(c1 - c0);
            serialiseNanos.addAndGet(c2 - c1);
            return answer;
        }
    }

    /** The size of the HTTP answer to GetUserAvailability as the component asks it (Basic auth, UTC window). */
    static long wireBytes(EwsSimulator sim, List<String> rooms, String view, Instant start, Instant end) throws Exception {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope"
                + " xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
                + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><soap:Header>"
                + "<t:RequestServerVersion Version=\"Exchange2010_SP2\"/></soap:Header><soap:Body>"
                + "<m:GetUserAvailabilityRequest><m:MailboxDataArray>");
        for (String room : rooms) {
            body.append("<t:MailboxData><t:Email><t:Address>").append(room).append("</t:Address></t:Email>")
                    .append("<t:AttendeeType>Required</t:AttendeeType></t:MailboxData>");
        }
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
        body.append("</m:MailboxDataArray><t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>").append(utc.format(start))
                .append("</t:StartTime><t:EndTime>").append(utc.format(end)).append("</t:EndTime></t:TimeWindow>")
                .append("<t:MergedFreeBusyIntervalInMinutes>30</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>")
                .append(view).append("</t:RequestedView></t:FreeBusyViewOptions></m:GetUserAvailabilityRequest>")
                .append("</soap:Body></soap:Envelope>");
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sim.httpUrl())
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "svc@example.com:Pw-12345!".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body().length;
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        for (PermissionLevel level : List.of(PermissionLevel.LIMITED_DETAILS, PermissionLevel.AVAILABILITY_ONLY)) {
            Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS);
            Scenario.Builder b = Scenario.builder().organisation("example.com")
                    .account(new Account("svc@example.com", "Pw-12345!", null, null, true, Set.of(), Set.of()))
                    .user("alice@example.com", "Alice").defaultRoomPermission(level);
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String room = "room" + i + "@example.com";
                rooms.add(room);
                b.room(room, "Room " + i);
                b.meeting(MeetingSpec.builder("Weekly planning of team " + i, "alice@example.com").rooms(room)
                        .between(base, base.plus(Duration.ofMinutes(30))).build());
                if (i % 2 == 0) {
                    b.meeting(MeetingSpec.builder("Customer call " + i, "alice@example.com").rooms(room)
                            .between(base.plus(Duration.ofHours(1)), base.plus(Duration.ofMinutes(90)))
                            .build());
                }
            }
            Measured measured = new Measured();
            try (EwsSimulator sim = EwsSimulator.builder().scenario(b.build()).clock(Clock.systemUTC()).httpsPort(-1)
                    .httpPort(0).operation(measured).start();
                 DefaultCamelContext ctx = new DefaultCamelContext()) {
                measured.real = sim.store().operations().stream()
                        .filter(h -> h.operation().equals(measured.operation())).findFirst().orElseThrow();
                EwsComponent ews = new EwsComponent();
                ews.getConfiguration().setUrl(sim.httpUrl().toString());
                ews.getConfiguration().setAllowInsecureHttp(true);
                ews.getConfiguration().setUsername("svc@example.com");
                ews.getConfiguration().setPassword("Pw-12345!");
                ctx.addComponent("ews", ews);
                ctx.start();
                ProducerTemplate template = ctx.createProducerTemplate();
                for (String view : List.of("Detailed", "FreeBusy", "Detailed", "FreeBusy")) {
                    String uri = "ews:rooms?operation=getAvailability&freeBusyView=" + view;
                    Runnable call = () -> {
                        @SuppressWarnings("unchecked")
                        List<MailboxAvailability> av = template.requestBodyAndHeaders(uri, null, java.util.Map.of(
                                EwsConstants.MAILBOXES, rooms,
                                EwsConstants.WINDOW_START, base.minus(Duration.ofMinutes(30)),
                                EwsConstants.WINDOW_END, base.plus(Duration.ofHours(2))), List.class);
                        if (av.size() != 100 || av.stream().mapToInt(a -> a.getBusySlots().size()).sum() != 150) {
                            throw new AssertionError("unexpected answer");
                        }
                    };
                    for (int i = 0; i < calls / 3; i++) {
                        call.run(); // warm-up
                    }
                    measured.handleNanos.set(0);
                    measured.serialiseNanos.set(0);
                    long c0 = CPU.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        call.run();
                    }
                    long client = CPU.getCurrentThreadCpuTime() - c0;
                    long wall = System.nanoTime() - w0;
                    long bytes = wireBytes(sim, rooms, view, base.minus(Duration.ofMinutes(30)), base.plus(Duration.ofHours(2)));
                    System.out.printf("rooms %-17s view %-8s: answer %,7d bytes; per call: client CPU %.2f ms,"
                                      + " simulator handler CPU %.2f ms + serialise %.2f ms, wall %.2f ms%n",
                            level, view, bytes, client / 1e6 / calls,
                            measured.handleNanos.get() / 1e6 / calls, measured.serialiseNanos.get() / 1e6 / calls,
                            wall / 1e6 / calls);
                }
            }
        }
    }
}
