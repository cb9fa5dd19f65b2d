package io.reelpipe.subtitle;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.subtitle.speech.SpeechEngine;
import io.reelpipe.subtitle.speech.SpeechEngines;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the speech engine (chosen and logged at startup) and the processor. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SubtitleProperties.class)
public class SubtitleConfiguration {

    @Bean
    SpeechEngine speechEngine(SubtitleProperties props) {
        return SpeechEngines.select(props);
    }

    @Bean
    SubtitleProcessor subtitleProcessor(SubtitleProperties props, SpeechEngine speechEngine) {
        return new SubtitleProcessor(props, speechEngine, Ffmpeg.bundled());
    }
}
