package dev.tandem.collab;

import ch.qos.logback.classic.Level;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * The document server: its own small JVM that holds every live document, so that collaboration
 * costs the memory of the documents and not of the whole IDE, and the IDE's garbage collections
 * never pause an edit. Started and supervised by the IDE server ({@link DocumentServerProcess}),
 * which passes it the collaboration settings as {@code -Dtandem.collab.*}, the data directory as
 * {@code -Dtandem.home}, and in its environment where the IDE server listens and the secret for
 * the calls between them.
 *
 * <p>It listens on an ephemeral loopback port, says which on its standard output
 * ({@code listening <port>}), and, when {@link DirectListen} is set, takes collaboration sockets
 * straight from clients at that address too. It lives as long as its standard input stays open:
 * when the IDE server exits, however it exits, the pipe closes and this server writes everything
 * out and ends.
 * A lock file keeps two document servers of one data directory from running at once (a new one
 * waits until the previous one is gone).
 */
public final class DocumentServer {

    static final String ENV_SECRET = "TANDEM_DOCUMENTS_SECRET";
    static final String ENV_IDE = "TANDEM_DOCUMENTS_IDE";
    static final String READY = "listening ";

    private static final Logger log = LoggerFactory.getLogger(DocumentServer.class);

    private DocumentServer() {
    }

    public static void main(String[] args) throws IOException {
        // Logback as it starts without a configuration file (to the console), from INFO up: its XML
        // configuration would load an XML parser and some 500 classes more into this small JVM.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        Path home = Path.of(System.getProperty("tandem.home"));
        String secret = System.getenv(ENV_SECRET);
        String ide = System.getenv(ENV_IDE);
        if (secret == null || ide == null) {
            throw new IllegalStateException("The document server is started by the IDE server, which sets "
                    + ENV_SECRET + " and " + ENV_IDE);
        }
        CollabProperties properties = CollabProperties.fromSystemProperties(System.getProperties());
        Files.createDirectories(home.resolve("collab"));
        FileChannel lockFile = FileChannel.open(home.resolve("collab").resolve("server.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock();

        IdeClient ideClient = new IdeClient(ide, secret);
        CollabService rooms = new CollabService(properties, ideClient, home);
        CollabSockets sockets = new CollabSockets(rooms, ideClient, properties);
        DocumentCallsHandler calls = new DocumentCallsHandler(rooms, new DocumentAccess(rooms, properties), secret, properties);
        Undertow.Builder builder = Undertow.builder()
                .addHttpListener(0, "127.0.0.1", route(sockets, calls))
                .setSocketOption(Options.TCP_NODELAY, true)
                .setIoThreads(properties.ioThreads())
                .setWorkerThreads(4);
        DirectListen.parse(System.getProperty(DirectListen.PROPERTY))
                .ifPresent(direct -> builder.addHttpListener(direct.port(), direct.host(), route(sockets, ResponseCodeHandler.HANDLE_404)));
        Undertow server = builder.build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            rooms.close();
            try {
                lock.release();
                lockFile.close();
            } catch (IOException e) {
                log.debug("Releasing the lock failed", e);
            }
        }, "documents-shutdown"));
        // The listeners in the order they were added: the loopback one first.
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        System.out.println(READY + port);
        System.out.flush();
        // After a crash: files whose last edits only the log held are written out. In the background,
        // since the IDE server, which says where they are, may be waiting for the line above.
        Thread catchUp = new Thread(() -> rooms.catchUp(ideClient::file), "documents-catch-up");
        catchUp.setDaemon(true);
        catchUp.start();
        waitForParent(System.in);
        System.exit(0);
    }

    /** {@code calls} is where the calls between the two servers go: nowhere (404) on the direct listener. */
    private static HttpHandler route(HttpHandler sockets, HttpHandler calls) {
        return exchange -> {
            String path = exchange.getRequestPath();
            if (path.startsWith("/collab/")) {
                sockets.handleRequest(exchange);
            } else if (path.startsWith("/internal/documents/")) {
                calls.handleRequest(exchange);
            } else {
                ResponseCodeHandler.HANDLE_404.handleRequest(exchange);
            }
        };
    }

    /** Returns when the IDE server's end of the pipe closes: it exited (or was killed). */
    private static void waitForParent(InputStream parent) {
        try {
            while (parent.read() >= 0) {
                // Nothing is ever sent: the pipe is only watched for its end.
            }
        } catch (IOException e) {
            log.debug("The pipe to the IDE server broke", e);
        }
    }
}
