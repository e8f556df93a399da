package kz.ofd.benchmarks.e2e;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Latency over the measured window only, from the simulator's {@code --histogram-log} (an HdrHistogram interval log
 * with one histogram of microseconds per second of the run, each written just before that second's progress line).
 * The intervals that end after the progress line that opened the window and no later than the one that closed it
 * are added up.
 *
 * @param p50Ms  median, ms
 * @param p99Ms  99th percentile, ms
 * @param p999Ms 99.9th percentile, ms
 * @param maxMs  maximum, ms
 * @param count  latencies in the window
 */
record WindowLatency(double p50Ms, double p99Ms, double p999Ms, double maxMs, long count) {

    private static final double HALF_SECOND = 0.5;
    private static final double MICROS_PER_MILLI = 1000.0;

    /**
     * @param log        the interval log
     * @param openSecond  the second of the line that opened the window
     * @param closeSecond the second of the line that closed it
     * @return the window's latency, or {@code null} when there is no log or it holds nothing for the window
     */
    static WindowLatency read(Path log, int openSecond, int closeSecond) {
        if (log == null || !Files.exists(log)) {
            return null;
        }
        Histogram sum = new Histogram(3);
        try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                double end = h.getEndTimeStamp() / 1000.0 - reader.getStartTimeSec();
                if (end > openSecond + HALF_SECOND && end <= closeSecond + HALF_SECOND && h instanceof Histogram hh) {
                    sum.add(hh);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (sum.getTotalCount() == 0) {
            return null;
        }
        return new WindowLatency(sum.getValueAtPercentile(50) / MICROS_PER_MILLI,
            sum.getValueAtPercentile(99) / MICROS_PER_MILLI, sum.getValueAtPercentile(99.9) / MICROS_PER_MILLI,
            sum.getMaxValue() / MICROS_PER_MILLI, sum.getTotalCount());
    }
}
