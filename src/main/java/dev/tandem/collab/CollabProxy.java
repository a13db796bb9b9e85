package dev.tandem.collab;

import dev.tandem.config.TandemException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.net.URI;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.springframework.boot.web.embedded.undertow.UndertowServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Passes every request under {@code /collab/} on to the document server, unchanged and before the
 * servlet stack sees it: the websocket upgrade, and then the socket's bytes in both directions, on
 * Undertow's I/O threads. So clients keep one address for everything, and the document server asks
 * this server who they are ({@link CollabAdmission}).
 */
@Component
class CollabProxy implements WebServerFactoryCustomizer<UndertowServletWebServerFactory> {

    private static final String PREFIX = "/collab/";

    private final DocumentServerProcess documents;
    /** The proxy to the running document server, and the port it goes to; replaced when the server restarts. */
    private Target target;

    private record Target(int port, HttpHandler proxy) {
    }

    CollabProxy(DocumentServerProcess documents) {
        this.documents = documents;
    }

    @Override
    public void customize(UndertowServletWebServerFactory factory) {
        factory.addDeploymentInfoCustomizers(info -> info.addOuterHandlerChainWrapper(this::wrap));
    }

    private HttpHandler wrap(HttpHandler servlets) {
        return new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (!exchange.getRequestPath().startsWith(PREFIX)) {
                    servlets.handleRequest(exchange);
                    return;
                }
                // The port is the document server's of now: one restarted by another caller listens elsewhere.
                int ready = documents.readyPort();
                if (ready > 0) {
                    proxyTo(ready).handleRequest(exchange);
                    return;
                }
                if (exchange.isInIoThread()) {
                    // Starting the document server blocks: not on an I/O thread.
                    exchange.dispatch(this);
                    return;
                }
                try {
                    proxyTo(documents.port()).handleRequest(exchange);
                } catch (TandemException e) {
                    exchange.setStatusCode(e.status());
                    exchange.endExchange();
                }
            }
        };
    }

    private synchronized HttpHandler proxyTo(int port) {
        if (target == null || target.port() != port) {
            // Without TCP_NODELAY an update sent right after another waits for the first one's ACK (Nagle).
            LoadBalancingProxyClient client = new LoadBalancingProxyClient()
                    .addHost(URI.create("http://127.0.0.1:" + port), null, null, OptionMap.create(Options.TCP_NODELAY, true))
                    .setConnectionsPerThread(8);
            HttpHandler proxy = ProxyHandler.builder()
                    .setProxyClient(client)
                    // Sockets live for hours: no time limit on a proxied request.
                    .setMaxRequestTime(-1)
                    .setNext(ResponseCodeHandler.HANDLE_404)
                    .build();
            target = new Target(port, proxy);
        }
        return target.proxy();
    }
}
