package kz.ofd.engine.pipeline;

import kz.ofd.protocol.frame.KkmFrame;

/**
 * Where the answer to a request goes: the KKM's connection. Called from the journal thread; implementations
 * hand the write to their own I/O thread.
 */
@FunctionalInterface
public interface Replier {

    /**
     * @param frame the answer
     */
    void reply(KkmFrame frame);
}
