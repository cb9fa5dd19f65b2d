package io.reelpipe.keyword;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class KeywordWorkerApplication {
    public static void main(String[] args) {
        // DJL must never try the network: every native and the model come from jars on the classpath.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        SpringApplication.run(KeywordWorkerApplication.class, args);
    }
}
