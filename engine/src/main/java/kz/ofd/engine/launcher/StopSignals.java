package kz.ofd.engine.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and SIGINT for {@code ofd server}: the first starts the graceful stop (as the JVM's own handler does, by
 * {@code System.exit}, which runs the shutdown hook), a second one forces the exit at once. The JVM by itself
 * ignores further signals while its shutdown hooks run, so without this a stuck stop could only be ended by
 * SIGKILL or the shutdown timeout. Forcing is safe at any moment: everything acknowledged is journaled (the crash
 * harness proves it with SIGKILL).
 *
 * <p>The handler is installed through {@code sun.misc.Signal} (module {@code jdk.unsupported}), looked up
 * reflectively because javac flags that API as proprietary; where it is missing the JVM's default handling stays.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private final AtomicInteger received = new AtomicInteger();
    private final Runnable graceful;
    private final Runnable force;

    /**
     * @param graceful starts the graceful stop (must not block the signal thread for long)
     * @param force    ends the process at once
     */
    StopSignals(Runnable graceful, Runnable force) {
        this.graceful = graceful;
        this.force = force;
    }

    /**
     * One stop signal arrived.
     *
     * @param name the signal's name, for the log
     */
    void onSignal(String name) {
        int n = received.incrementAndGet();
        if (n == 1) {
            LOG.info("event=stop_signal signal={} action=graceful_stop hint=\"send it again to force\"", name);
            graceful.run();
        } else if (n == 2) {
            LOG.warn("event=stop_signal signal={} action=force_exit", name);
            force.run();
        }
    }

    /**
     * Installs the handler for TERM and INT.
     *
     * @return false when this JVM offers no signal API (the default handling stays)
     */
    boolean install() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> signal = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method getName = signalClass.getMethod("getName");
            InvocationHandler invocation = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    onSignal((String) getName.invoke(args[0]));
                    return null;
                }
                return method.getName().equals("toString") ? "ofd-stop-signals" : method.invoke(this, args);
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
            for (String name : new String[] {"TERM", "INT"}) {
                handle.invoke(null, signal.newInstance(name), handler);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("event=stop_signals_unavailable reason=\"{}\" action=jvm_default", e.toString());
            return false;
        }
    }
}
