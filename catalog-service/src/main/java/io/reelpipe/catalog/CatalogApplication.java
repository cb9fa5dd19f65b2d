package io.reelpipe.catalog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The searchable read model of the archive: consumes {@code reelpipe.events}, builds one Lucene document per asset from
 * the stage outputs in object storage and answers {@code /v1/search}. It calls no other service; its index can be
 * thrown away and rebuilt from storage at any time.
 */
@SpringBootApplication
@EnableConfigurationProperties(CatalogProperties.class)
public class CatalogApplication {
    public static void main(String[] args) {
        SpringApplication.run(CatalogApplication.class, args);
    }
}
