package dev.tandem.api;

import dev.tandem.config.TandemException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Caps every JSON request body of the REST API at {@code tandem.api.max-json-size}: a declared
 * length above it is refused before reading, and a chunked body is cut off as soon as it passes
 * the limit. Either way the answer is a JSON 413 ({@code too_large}) and nothing is changed.
 */
@ControllerAdvice(basePackages = "dev.tandem.api")
class JsonBodyLimit extends RequestBodyAdviceAdapter {

    private final long maxBytes;

    JsonBodyLimit(ApiProperties properties) {
        this.maxBytes = properties.maxJsonSize().toBytes();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJackson2HttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (message.getHeaders().getContentLength() > maxBytes) {
            throw tooLarge();
        }
        InputStream limited = new LimitedStream(message.getBody());
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return limited;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    private TandemException tooLarge() {
        return TandemException.tooLarge("The JSON request body is larger than " + maxBytes + " bytes");
    }

    /** Counts what the parser reads; an unchecked exception, so that no reader turns it into a 400. */
    private final class LimitedStream extends FilterInputStream {

        private long count;

        LimitedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(long n) {
            count += n;
            if (count > maxBytes) {
                throw tooLarge();
            }
        }
    }
}
