package io.reelpipe.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes baseline JPEGs with an explicit quality (ImageIO's default of 0.75 is not always wanted). */
public final class JpegWriter {

    private JpegWriter() {
    }

    /** JPEG bytes of {@code image} at {@code quality} 0..1 (0.85 is a good poster quality). */
    public static byte[] encode(BufferedImage image, float quality) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        write(image, quality, bytes);
        return bytes.toByteArray();
    }

    /** Writes {@code image} to {@code out} (parent folders created) and returns {@code out}. */
    public static Path write(BufferedImage image, float quality, Path out) {
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (OutputStream os = Files.newOutputStream(out)) {
                write(image, quality, os);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    public static void write(BufferedImage image, float quality, OutputStream out) {
        if (quality < 0 || quality > 1) {
            throw new IllegalArgumentException("quality must be within 0..1, got " + quality);
        }
        BufferedImage rgb = image;
        if (image.getColorModel().hasAlpha() || image.getType() == BufferedImage.TYPE_CUSTOM) {
            // JPEG has no alpha: ImageIO would write a CMYK-looking file
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            rgb.createGraphics().drawImage(image, 0, 0, null);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode JPEG", e);
        } finally {
            writer.dispose();
        }
    }
}
