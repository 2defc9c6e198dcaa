package dev.unlearning.engine.data;

import dev.unlearning.engine.InvalidInputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one image file with javax.imageio into channel-major bytes of a fixed shape (C, H, W), as PIL's
 * {@code convert("L")} / {@code convert("RGB")} would see its pixels: grey and RGB samples are taken as stored (no
 * colour management, alpha dropped), RGB becomes grey with PIL's luma weights, grey becomes RGB by repetition.
 * Other colour models (palettes, 16-bit, packed BMPs) go through Java2D into 8-bit RGB first. A size other than
 * (H, W) is resized bilinearly (Java2D) when resizing is allowed, else refused. Stateless and thread-safe.
 */
final class ImageDecoder {

  private final int channels;
  private final int height;
  private final int width;
  private final boolean resize;

  ImageDecoder(int channels, int height, int width, boolean resize) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.resize = resize;
  }

  /** Width and height from the file's header, without decoding the pixels. */
  static int[] size(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw invalid(file, "cannot be opened");
      }
      ImageReader reader = reader(file, in);
      try {
        reader.setInput(in, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw e instanceof InvalidInputException iie ? iie : invalid(file, "cannot be read: " + e.getMessage(), e);
    }
  }

  /** Decodes {@code file} into {@code dst[offset .. offset + C*H*W)}, channel-major. */
  void decode(Path file, byte[] dst, int offset) {
    BufferedImage image = read(file);
    if (image.getWidth() != width || image.getHeight() != height) {
      if (!resize) {
        throw invalid(file, "is " + image.getWidth() + "x" + image.getHeight() + " (width x height) but the "
            + "dataset's images are " + width + "x" + height + "; set spec.dataset.imageSize to resize them");
      }
      image = scaled(standard(image));
    }
    copyChannelMajor(image, dst, offset);
  }

  private static BufferedImage read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw invalid(file, "cannot be read: " + e.getMessage(), e);
    }
    // In memory: ImageIO.read(InputStream) may cache through a temporary file.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = reader(file, in);
      try {
        reader.setInput(in, true, true);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // Truncated or corrupt data surfaces as IIOException or as a runtime exception of the codec.
      throw e instanceof InvalidInputException iie ? iie : invalid(file, "is corrupt or truncated: " + e.getMessage(), e);
    }
  }

  private static ImageReader reader(Path file, ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw invalid(file, "is not a PNG, JPEG or BMP image");
    }
    return readers.next();
  }

  /** The image as 8-bit grey or RGB Java2D can scale without colour conversion. */
  private static BufferedImage standard(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image;
    }
    int bands = plainBands(image);
    if (bands == 1) {
      BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
      grey.getRaster().setRect(image.getRaster().createChild(0, 0, image.getWidth(), image.getHeight(), 0, 0,
          new int[] {0}));
      return grey;
    }
    return toRgb(image, bands);
  }

  private static BufferedImage toRgb(BufferedImage image, int bands) {
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    if (bands == 3) {
      // Stored samples as they are: Java2D would colour-convert a non-sRGB colour space.
      rgb.getRaster().setRect(image.getRaster().createChild(0, 0, image.getWidth(), image.getHeight(), 0, 0,
          new int[] {0, 1, 2}));
    } else {
      Graphics2D g = rgb.createGraphics();
      g.drawImage(image, 0, 0, null);
      g.dispose();
    }
    return rgb;
  }

  private BufferedImage scaled(BufferedImage image) {
    BufferedImage out = new BufferedImage(width, height, image.getType());
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, width, height, null);
    g.dispose();
    return out;
  }

  /**
   * 1 or 3 when the image stores 8-bit grey or RGB samples (plus possibly alpha) that can be read as they are, else
   * 0 (palette, 16-bit, packed pixels, CMYK).
   */
  private static int plainBands(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    if (!(cm instanceof ComponentColorModel) || image.getRaster().getDataBuffer().getDataType() != DataBuffer.TYPE_BYTE) {
      return 0;
    }
    int colours = cm.getNumColorComponents();
    if (colours == 1 && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      return 1;
    }
    return colours == 3 && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB ? 3 : 0;
  }

  private void copyChannelMajor(BufferedImage image, byte[] dst, int offset) {
    int bands = plainBands(image);
    if (bands == 0) {
      image = toRgb(image, 0);
      bands = 3;
    }
    Raster raster = image.getRaster();
    int plane = width * height;
    if (bands == 1 && channels == 1 && raster.getNumBands() == 1) {
      // The common grey case (Fashion-MNIST as PNG): the bytes as they are.
      System.arraycopy((byte[]) raster.getDataElements(0, 0, width, height, null), 0, dst, offset, plane);
      return;
    }
    int[] samples = raster.getPixels(0, 0, width, height, (int[]) null);
    int stride = raster.getNumBands();
    for (int p = 0; p < plane; p++) {
      int base = p * stride;
      if (bands == 1) {
        byte v = (byte) samples[base];
        for (int c = 0; c < channels; c++) {
          dst[offset + c * plane + p] = v;
        }
      } else if (channels == 3) {
        dst[offset + p] = (byte) samples[base];
        dst[offset + plane + p] = (byte) samples[base + 1];
        dst[offset + 2 * plane + p] = (byte) samples[base + 2];
      } else {
        // PIL's convert("L"): L = 0.299 R + 0.587 G + 0.114 B in its 16-bit fixed point, rounded.
        dst[offset + p] = (byte) ((samples[base] * 19595 + samples[base + 1] * 38470 + samples[base + 2] * 7471
            + 0x8000) >> 16);
      }
    }
  }

  static InvalidInputException invalid(Path file, String what) {
    return new InvalidInputException("spec.dataset.uri: image " + file + " " + what);
  }

  static InvalidInputException invalid(Path file, String what, Throwable cause) {
    return new InvalidInputException("spec.dataset.uri: image " + file + " " + what, cause);
  }
}
