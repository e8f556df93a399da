package kz.ofd.simulator.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code --kkm-file}: one KKM per line as {@code id token} or {@code id,token}; blank lines and
 * everything after {@code #} are ignored.
 */
public final class KkmFile {

    private KkmFile() {
    }

    /**
     * @param file the file
     * @return the KKMs in file order
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if a line is malformed, an id repeats, or there is no KKM at all
     */
    public static List<KkmCredentials> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @param lines  the file's lines
     * @param source name used in error messages
     * @return the KKMs in order
     * @throws IllegalArgumentException if a line is malformed, an id repeats, or there is no KKM at all
     */
    public static List<KkmCredentials> parse(List<String> lines, String source) {
        List<KkmCredentials> result = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String where = source + ":" + (n + 1);
            String[] parts = content.split("\\s*,\\s*|\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": expected 'id token' or 'id,token', got '" + content + "'");
            }
            KkmCredentials kkm;
            try {
                kkm = new KkmCredentials(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (!ids.add(kkm.id())) {
                throw new IllegalArgumentException(where + ": KKM id " + kkm.id() + " appears twice");
            }
            result.add(kkm);
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException(source + ": no KKMs in the file");
        }
        return result;
    }
}
