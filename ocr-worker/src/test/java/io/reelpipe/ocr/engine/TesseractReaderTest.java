package io.reelpipe.ocr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TesseractReaderTest {

    static TesseractReader reader;

    @BeforeAll
    static void open() {
        reader = new TesseractReader(Path.of("/usr/share/tesseract-ocr/5/tessdata"), "eng+kor");
    }

    @AfterAll
    static void close() {
        reader.close();
    }

    static BufferedImage card(String[] lines, String font, int size, Color fg, Color bg1, Color bg2) {
        BufferedImage img = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, bg1, 1280, 720, bg2));
        g.fillRect(0, 0, 1280, 720);
        g.setColor(fg);
        g.setFont(new Font(font, Font.BOLD, size));
        int y = 200;
        for (String l : lines) {
            g.drawString(l, 120, y);
            y += size * 2;
        }
        g.dispose();
        return img;
    }

    @Test
    void readsEnglishAndKorean() {
        BufferedImage img = card(new String[] {"Aurora Electric Bicycle", "오로라 자전거 할인", "Only $999"}, "NanumGothic", 56,
                Color.WHITE, new Color(20, 40, 120), new Color(200, 40, 40));
        long t0 = System.nanoTime();
        List<TextLine> lines = reader.read(img, 50);
        System.out.println((System.nanoTime() - t0) / 1e6 + " ms " + lines);
        assertThat(lines).extracting(TextLine::text).contains("Aurora Electric Bicycle");
    }
}
