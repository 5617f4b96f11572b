package io.roomrelease.bundle.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileTailTest {

    @TempDir
    Path dir;

    @Test
    void theLastLinesOfTheFileAreKnownAfterAStartAndOnlyThose() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        // lines long enough that the tail spans several 8 KiB reads
        String lines = IntStream.rangeClosed(1, 300).mapToObj(AuditFileTailTest::record)
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(file, lines);
        AuditFileTail tail = new AuditFileTail(file, 100);
        tail.start();
        assertThat(tail.contains(record(300))).isTrue();
        assertThat(tail.contains(record(201))).as("the 100th line from the end").isTrue();
        assertThat(tail.contains(record(200))).as("older lines are not kept").isFalse();
        assertThat(tail.add(record(201))).as("a record sent again is refused").isFalse();
        assertThat(tail.add(record(301))).as("a new record is taken").isTrue();
        assertThat(tail.contains(record(201))).as("and the oldest remembered line drops out").isFalse();
        assertThat(Files.readString(file)).as("the file is left as it was").isEqualTo(lines);
    }

    @Test
    void aLineTornByACrashIsCutBackToTheLastWholeLine() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        String whole = record(1) + "\n" + record(2) + "\n";
        Files.writeString(file, whole + record(3).substring(0, 40));
        AuditFileTail tail = new AuditFileTail(file, 10);
        tail.start();
        assertThat(Files.readString(file)).isEqualTo(whole);
        assertThat(tail.contains(record(2))).isTrue();
        assertThat(tail.add(record(3))).as("the torn record is written again, whole").isTrue();
    }

    @Test
    void aFileWithOnlyATornLineIsEmptiedAndAMissingFileIsFine() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditFileTail missing = new AuditFileTail(file, 10);
        missing.start();
        assertThat(missing.add(record(1))).isTrue();
        missing.stop();
        Files.write(file, record(1).substring(0, 10).getBytes(StandardCharsets.UTF_8));
        AuditFileTail tail = new AuditFileTail(file, 10);
        tail.start();
        assertThat(Files.size(file)).isZero();
        assertThat(tail.add(record(1))).isTrue();
    }

    @Test
    void aRecordThatFailedToBeWrittenCanBeWrittenLater() throws Exception {
        AuditFileTail tail = new AuditFileTail(dir.resolve("audit.jsonl"), 10);
        tail.start();
        assertThat(tail.add(record(1))).isTrue();
        assertThat(tail.remove(record(1))).as("the idempotent consumer removes the key of a failed write").isTrue();
        assertThat(tail.add(record(1))).isTrue();
    }

    private static String record(int n) {
        return "{\"recordedAt\":\"2026-12-01T09:00:00Z\",\"mailbox\":\"room-" + n + "@contoso.com\",\"operation\":"
                + "\"declineEvent\",\"itemId\":\"" + "AAMk".repeat(20) + n + "\",\"result\":\"OK\"}";
    }
}
