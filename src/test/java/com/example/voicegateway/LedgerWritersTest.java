package com.example.voicegateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One writer per aggregate: the {@code message} module owns {@code voice_message} and {@code voice_call}, and is the
 * only place whose SQL names them at all. Every other feature reads the ledger through its views
 * ({@code message_state}, {@code call_state}), so the ledger may reshape its tables without a reader noticing.
 * ArchUnit cannot see inside SQL strings, so this reads the sources. The owner is everything under {@code message/}:
 * its API's commands and {@code message.internal} alike.
 */
class LedgerWritersTest {

    private static final Path SOURCES = Path.of("src/main/java/com/example/voicegateway");
    private static final Path OWNER = SOURCES.resolve("message");
    /** A table name in SQL: not a callback event type ({@code voice_message.completed}) nor the NOTIFY channel. */
    private static final Pattern TABLE = Pattern.compile("\\b(voice_call|voice_message)\\b(?![._])");

    @Test
    void onlyTheMessageModuleNamesTheLedgersTables() throws IOException {
        List<Path> readersOrWriters;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            readersOrWriters = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(OWNER))
                    .filter(LedgerWritersTest::namesTheLedger)
                    .toList();
        }
        assertThat(readersOrWriters).as("classes outside message that name voice_message or voice_call").isEmpty();
    }

    @Test
    void theRuleSeesATableAndNothingElse() {
        assertThat(TABLE.matcher("UPDATE voice_call c SET status = 'FAILED'").find()).isTrue();
        assertThat(TABLE.matcher("insert into voice_message (id)").find()).isTrue();
        assertThat(TABLE.matcher("SELECT status FROM voice_message WHERE id = ?").find()).isTrue();
        assertThat(TABLE.matcher("SELECT * FROM message_state").find()).isFalse();
        assertThat(TABLE.matcher("\"voice_message.completed\"").find()).isFalse();
        assertThat(TABLE.matcher("LISTEN voice_message_queued").find()).isFalse();
    }

    private static boolean namesTheLedger(Path file) {
        try {
            return TABLE.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
