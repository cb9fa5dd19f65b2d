package io.reelpipe.subtitle;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SubtitleWorkerApplication {
    public static void main(String[] args) {
        SpringApplication.run(SubtitleWorkerApplication.class, args);
    }
}
