package kz.ofd.simulator.kgd;

import kz.ofd.protocol.kgd.BatchSigner;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./ofd kgd-sim}: runs the KGD simulator until SIGTERM.
 *
 * <pre>
 * ./ofd kgd-sim [--port 9090] [--host 127.0.0.1] [--trust-key KEY.pem --trust-cert CERT.pem] [--seed 1]
 * </pre>
 * With {@code --trust-key/--trust-cert} (the OFD's key pair, e.g. {@code data/kgd/ofd-test.key/.crt}) only batches
 * signed with that certificate are accepted; without, any valid signature is.
 */
public final class KgdSimulatorMain {

    private KgdSimulatorMain() {
    }

    /**
     * @param args options, see the class comment
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = 9090;
        String host = "127.0.0.1";
        Path key = null;
        Path cert = null;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--trust-key" -> key = Path.of(args[++i]);
                case "--trust-cert" -> cert = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: ofd kgd-sim [--port 9090] [--host 127.0.0.1] "
                        + "[--trust-key KEY.pem --trust-cert CERT.pem] [--seed 1]");
                    System.exit(args[i].equals("--help") ? 0 : 2);
                }
            }
        }
        X509Certificate trusted = key == null ? null : BatchSigner.fromPem(key, cert).certificate();
        KgdSimulator kgd = new KgdSimulator(trusted, seed);
        int bound = kgd.start(host, port);
        System.out.println("kgd simulator listening on " + host + ":" + bound + KgdSimulator.DOCUMENTS_PATH
            + (trusted == null ? " (any valid signature)" : " (trusting " + trusted.getSubjectX500Principal() + ")"));
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("kgd simulator: " + kgd.status().encode());
            kgd.close();
            stopped.countDown();
        }, "kgd-sim-stop"));
        stopped.await();
    }
}
