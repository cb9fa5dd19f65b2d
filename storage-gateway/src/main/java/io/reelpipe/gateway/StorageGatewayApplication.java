package io.reelpipe.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class StorageGatewayApplication {
    public static void main(String[] args) {
        SpringApplication.run(StorageGatewayApplication.class, args);
    }
}
