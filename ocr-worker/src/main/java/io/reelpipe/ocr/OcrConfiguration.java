package io.reelpipe.ocr;

import io.reelpipe.ocr.engine.Tessdata;
import io.reelpipe.ocr.engine.TesseractPool;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Checks the trained data before the worker takes any task (a worker that cannot read would fail every stage it
 * picks up, so it refuses to start and says which package to install), then wires the engines and their threads.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OcrProperties.class)
public class OcrConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OcrConfiguration.class);

    @Bean(destroyMethod = "close")
    public TesseractPool tesseractPool(OcrProperties props) {
        String missing = Tessdata.missing(props.tessdata(), props.requireLanguages());
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        log.info("event=ocr-engine engine=tesseract tessdata={} languages={} threads={}", props.tessdata(),
                props.requireLanguages(), props.threads());
        return new TesseractPool(props.tessdata());
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService ocrThreads(OcrProperties props) {
        return Executors.newFixedThreadPool(props.threads(), Thread.ofPlatform().name("ocr-", 0).daemon(true).factory());
    }

    @Bean
    public OcrScanner ocrScanner(TesseractPool engines, ExecutorService ocrThreads, OcrProperties props) {
        return new OcrScanner(engines, ocrThreads, props.threads());
    }
}
