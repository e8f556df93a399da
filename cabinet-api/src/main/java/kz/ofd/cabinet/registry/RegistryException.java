package kz.ofd.cabinet.registry;

/**
 * The registry could not be read or written (RocksDB failure or a record that does not parse).
 */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the RocksDB or protobuf exception
     */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what failed
     */
    public RegistryException(String message) {
        super(message);
    }
}
