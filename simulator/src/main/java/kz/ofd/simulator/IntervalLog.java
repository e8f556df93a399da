package kz.ofd.simulator;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The optional {@code --histogram-log} file: an HdrHistogram interval log with one latency histogram per interval
 * (about a second), values in microseconds. Does nothing when no file was asked for.
 */
final class IntervalLog implements AutoCloseable {

    /** Divides the recorded microseconds for the log's max column, which is then in milliseconds. */
    private static final double MICROS_PER_MILLI = 1000.0;

    private static final double MILLIS_PER_SECOND = 1000.0;

    private final PrintStream file;
    private long baseMillis;
    private final HistogramLogWriter writer;

    private IntervalLog(PrintStream file) {
        this.file = file;
        this.writer = file == null ? null : new HistogramLogWriter(file);
    }

    /**
     * @param path the log file, or {@code null} for no log
     * @return the log, with its header written
     * @throws UncheckedIOException if the file cannot be created
     */
    static IntervalLog open(Path path) {
        if (path == null) {
            return new IntervalLog(null);
        }
        try {
            IntervalLog log = new IntervalLog(new PrintStream(path.toFile(), StandardCharsets.UTF_8));
            long now = System.currentTimeMillis();
            log.writer.outputLogFormatVersion();
            log.writer.outputComment("ofd simulate latency, microseconds per value, one interval per second");
            log.writer.outputStartTime(now);
            log.writer.setBaseTime(now);
            log.baseMillis = now;
            log.writer.outputLegend();
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --histogram-log " + path, e);
        }
    }

    /**
     * Appends one interval (skipped if it holds no value).
     *
     * @param interval the interval's histogram, with its start and end time stamps
     */
    void write(Histogram interval) {
        if (writer != null && interval.getTotalCount() > 0) {
            double start = (interval.getStartTimeStamp() - baseMillis) / MILLIS_PER_SECOND;
            double end = (interval.getEndTimeStamp() - baseMillis) / MILLIS_PER_SECOND;
            writer.outputIntervalHistogram(start, end, interval, MICROS_PER_MILLI);
        }
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }
}
