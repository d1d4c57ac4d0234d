package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger has one writer: a feature package whose writers were moved into {@code message} holds no SQL that writes
 * {@code voice_message} or {@code voice_call}, so every such move goes through a command guarded by the state
 * machines. Packages are added here as their writers move.
 */
class LedgerSqlOwnerTest {

    private static final Pattern LEDGER_WRITE = Pattern.compile(
            "(UPDATE|INSERT INTO|DELETE FROM)\\s+(voice_call|voice_message)\\b", Pattern.CASE_INSENSITIVE);

    @ParameterizedTest
    @ValueSource(strings = {"reconcile", "retention"})
    void featureWritesTheLedgerOnlyThroughMessageCommands(String feature) throws IOException {
        Path sources = Path.of("src/main/java/com/example/voicegateway", feature);
        assertThat(sources).isDirectory();
        List<String> writers;
        try (Stream<Path> files = Files.walk(sources)) {
            writers = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> LEDGER_WRITE.matcher(read(f)).find())
                    .map(f -> sources.relativize(f).toString())
                    .toList();
        }
        assertThat(writers).as("classes of %s with SQL writing voice_message or voice_call", feature).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
