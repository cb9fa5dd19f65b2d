package io.reelpipe.pipeline.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * HTTP server behaviour every Reelpipe WebFlux app shares.
 *
 * <p>Reactor Netty 1.3.6, the version Spring Boot 4.1.0 ships, can stop reading a kept-alive HTTP/1.1 connection
 * after a request that completed while the next one was already queued on it (reactor/reactor-netty#4361): the
 * client's next request then hangs. We saw it in our own tests (a tus PATCH after an early 4xx, a PUT after a
 * quick GET). The fixed releases need a Netty whose native transport jars the registry here does not serve, so
 * until Spring Boot ships a fixed Reactor Netty each connection serves a bounded number of requests
 * ({@code reelpipe.http.max-keep-alive-requests}, default 1: close after every response). On loopback and behind
 * a proxy that pools its own client connections the cost is one TCP handshake per request.
 */
@AutoConfiguration
@ConditionalOnClass(name = {"org.springframework.web.server.WebFilter", "reactor.netty.http.server.HttpServer"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(HttpProperties.class)
public class ReelpipeWebAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReelpipeWebAutoConfiguration.class);

    @Bean
    NettyServerCustomizer reelpipeKeepAliveLimit(HttpProperties properties) {
        int maxRequests = properties.maxKeepAliveRequests();
        log.debug("event=http-keep-alive maxRequestsPerConnection={}", maxRequests);
        return server -> maxRequests > 0 ? server.maxKeepAliveRequests(maxRequests) : server;
    }
}
