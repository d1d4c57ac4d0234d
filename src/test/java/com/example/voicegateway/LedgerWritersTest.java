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
 * only place whose SQL writes them. ArchUnit cannot see inside SQL strings, so this reads the sources. The owner is
 * everything under {@code message/}: its API's commands and {@code message.internal} alike.
 */
class LedgerWritersTest {

    private static final Path SOURCES = Path.of("src/main/java/com/example/voicegateway");
    private static final Path OWNER = SOURCES.resolve("message");
    private static final Pattern WRITE = Pattern.compile(
            "(UPDATE|INSERT\\s+INTO|DELETE\\s+FROM)\\s+(voice_call|voice_message)\\b",
            Pattern.CASE_INSENSITIVE);

    @Test
    void onlyTheMessageModuleWritesTheLedgersTables() throws IOException {
        List<Path> writers;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            writers = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(OWNER))
                    .filter(LedgerWritersTest::writesTheLedger)
                    .toList();
        }
        assertThat(writers).as("classes outside message that write voice_message or voice_call").isEmpty();
    }

    @Test
    void theRuleSeesAWrite() {
        assertThat(WRITE.matcher("UPDATE voice_call c SET status = 'FAILED'").find()).isTrue();
        assertThat(WRITE.matcher("insert into voice_message (id)").find()).isTrue();
        assertThat(WRITE.matcher("SELECT * FROM voice_message").find()).isFalse();
    }

    private static boolean writesTheLedger(Path file) {
        try {
            return WRITE.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
