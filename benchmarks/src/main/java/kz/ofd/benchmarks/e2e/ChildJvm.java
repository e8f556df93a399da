package kz.ofd.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the child JVMs of the benchmarks: this JVM's {@code java}, the project's JVM flags (the
 * {@code ofd-jvm.args} the build puts in the engine jar, the same list {@code ./ofd} passes to every JVM), and this
 * JVM's class path, which holds the engine, the simulator and the benchmarks (under {@code ./ofd} as under
 * surefire).
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * @param heap       heap options, e.g. {@code -Xms1g -Xmx1g}
     * @param properties further JVM options ({@code -D...})
     * @param mainClass  class to run
     * @param args       its arguments
     * @return the command
     * @throws IOException when the JVM flags cannot be read
     */
    static List<String> command(List<String> heap, List<String> properties, String mainClass, List<String> args)
        throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.addAll(heap);
        command.addAll(properties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * @return the JVM flags of {@code ofd-jvm.args}
     * @throws IOException when the resource is missing
     */
    static List<String> jvmFlags() throws IOException {
        try (InputStream in = ChildJvm.class.getResourceAsStream("/ofd-jvm.args")) {
            if (in == null) {
                throw new IOException("ofd-jvm.args is not on the class path: build the engine first");
            }
            List<String> flags = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    flags.addAll(List.of(line.trim().split("\\s+")));
                }
            }
            return flags;
        }
    }
}
