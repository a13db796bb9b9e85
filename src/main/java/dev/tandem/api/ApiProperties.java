package dev.tandem.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code tandem.api.*}.
 *
 * @param maxJsonSize largest JSON request body the REST API reads; larger ones get a JSON 413 before
 *                    anything is parsed or changed. File contents do not count: they travel as raw
 *                    bodies and uploads, under {@code tandem.max-upload-size}.
 */
@ConfigurationProperties("tandem.api")
record ApiProperties(DataSize maxJsonSize) {

    ApiProperties {
        maxJsonSize = maxJsonSize == null ? DataSize.ofMegabytes(1) : maxJsonSize;
    }
}
