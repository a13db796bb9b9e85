package dev.tandem.collab;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.IoUtils;

/** A {@link ClientSocket} on an Undertow websocket channel. */
final class UndertowSocket implements ClientSocket {

    private static final int CLOSE_WAIT_SECONDS = 5;

    private final WebSocketChannel channel;

    UndertowSocket(WebSocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void send(ByteBuffer message, Consumer<Boolean> sent) {
        WebSockets.sendBinary(message, channel, new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel channel, Void context) {
                sent.accept(true);
            }

            @Override
            public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                sent.accept(false);
            }
        });
    }

    @Override
    public void close(CloseReason reason) {
        WebSockets.sendClose(reason.code(), reason.reason(), channel, new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel channel, Void context) {
                // The client answers with its own close frame, after which Undertow closes the channel;
                // one that never answers (gone, or too slow to read) is cut off a little later.
                channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            }

            @Override
            public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                IoUtils.safeClose(channel);
            }
        });
    }
}
