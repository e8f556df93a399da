package kz.ofd.benchmarks.e2e;

/**
 * The measured window of a simulator run: it opens {@code warmup} seconds after the first progress line that counts
 * an answer (with many KKMs the first answers can take seconds: connects, cold JIT on both sides; a window opened
 * before them would measure that ramp) and closes {@code seconds} later, before the run's last progress line (if
 * the ramp took too long, the warm-up is cut short rather than the window). Hooks run on the simulator's reading
 * thread at the opening, at the middle and at the closing line.
 */
final class MeasuredWindow {

    private final int warmup;
    private final int seconds;
    private final int lastSecond;
    private final Runnable onOpen;
    private final Runnable onMiddle;
    private final Runnable onClose;
    private SimulatorRun.Tick firstAnswer;
    private SimulatorRun.Tick open;
    private SimulatorRun.Tick close;

    /**
     * @param warmup   seconds from the first answer to the opening
     * @param seconds  length
     * @param duration the simulator's {@code --duration} in seconds
     * @param onOpen   run when the window opens
     * @param onMiddle run at its middle second
     * @param onClose  run when it closes
     */
    MeasuredWindow(int warmup, int seconds, int duration, Runnable onOpen, Runnable onMiddle, Runnable onClose) {
        this.warmup = warmup;
        this.seconds = seconds;
        this.lastSecond = duration - 1;
        this.onOpen = onOpen;
        this.onMiddle = onMiddle;
        this.onClose = onClose;
    }

    /**
     * Seconds to add to a run's duration for the first answers to come: 3 s, plus 1 s per 250 KKMs.
     *
     * @param kkms KKMs of the run
     * @return seconds
     */
    static int rampAllowance(int kkms) {
        return 3 + kkms / 250;
    }

    /**
     * @return seconds from the first answer to the opening (less than asked when the ramp took longer than allowed),
     *     -1 if the window never opened
     */
    int warmupSeconds() {
        return open == null ? -1 : open.second() - firstAnswer.second();
    }

    /**
     * @param t a progress line of the run
     */
    void tick(SimulatorRun.Tick t) {
        if (firstAnswer == null && t.answers() > 0) {
            firstAnswer = t;
        }
        if (firstAnswer == null || close != null) {
            return;
        }
        if (open == null) {
            // Opens after the full warm-up, or at the last second that still leaves a whole window (a shorter
            // warm-up, see warmupSeconds(), rather than no measurement).
            if (t.second() >= firstAnswer.second() + warmup && t.second() + seconds <= lastSecond
                || t.second() + seconds == lastSecond) {
                onOpen.run();
                open = t;
            }
        } else if (t.second() == open.second() + Math.max(1, seconds / 2) && seconds > 1) {
            onMiddle.run();
        } else if (t.second() == open.second() + seconds) {
            if (seconds == 1) {
                onMiddle.run();
            }
            onClose.run();
            close = t;
        }
    }

    /**
     * @return the line that opened the window, or {@code null}
     */
    SimulatorRun.Tick open() {
        return open;
    }

    /**
     * @return the line that closed the window, or {@code null} if it never closed
     */
    SimulatorRun.Tick close() {
        return close;
    }

    /**
     * @return why there is no complete window, for an error message
     */
    String problem() {
        return "no complete measured window: first answer at second "
            + (firstAnswer == null ? "never" : Integer.toString(firstAnswer.second())) + ", last second " + lastSecond;
    }
}
