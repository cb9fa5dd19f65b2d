package io.reelpipe.ocr;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OcrWorkerApplication {
    public static void main(String[] args) {
        SpringApplication.run(OcrWorkerApplication.class, args);
    }
}
