package io.reelpipe.pipeline.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP server settings shared by the Reelpipe WebFlux apps ({@code reelpipe.http.*}).
 *
 * @param maxKeepAliveRequests requests one connection serves before the server closes it; 1 closes after every
 *                             response (the default, see {@link ReelpipeWebAutoConfiguration}), 0 or less: no limit
 */
@ConfigurationProperties("reelpipe.http")
public record HttpProperties(Integer maxKeepAliveRequests) {
    public HttpProperties {
        maxKeepAliveRequests = maxKeepAliveRequests == null ? 1 : maxKeepAliveRequests;
    }
}
