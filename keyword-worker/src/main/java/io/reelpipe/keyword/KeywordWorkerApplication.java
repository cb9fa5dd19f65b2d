package io.reelpipe.keyword;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class KeywordWorkerApplication {
    public static void main(String[] args) {
        SpringApplication.run(KeywordWorkerApplication.class, args);
    }
}
