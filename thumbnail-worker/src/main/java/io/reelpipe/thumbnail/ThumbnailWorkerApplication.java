package io.reelpipe.thumbnail;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ThumbnailWorkerApplication {
    public static void main(String[] args) {
        SpringApplication.run(ThumbnailWorkerApplication.class, args);
    }
}
