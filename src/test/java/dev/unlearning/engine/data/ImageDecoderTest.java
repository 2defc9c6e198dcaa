package dev.unlearning.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.engine.DebianPython;
import dev.unlearning.engine.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoder sees the pixels PIL's convert("RGB") / convert("L") give torchvision, in every common file type. */
class ImageDecoderTest {

  static final Path SCRIPTS = Path.of("src/test/resources/imagefolder");

  @TempDir
  Path tmp;

  @Test
  void pixelsMatchPilForEveryModeAndFormat() throws IOException {
    DebianPython.require("python3-pil", "PIL");
    JsonNode ref = new ObjectMapper().readTree(DebianPython.run(SCRIPTS.resolve("pil_reference.py"), tmp.toString()));
    int w = ref.get("width").asInt();
    int h = ref.get("height").asInt();
    ImageDecoder rgb = new ImageDecoder(3, h, w, false);
    ImageDecoder grey = new ImageDecoder(1, h, w, false);
    for (Map.Entry<String, JsonNode> image : (Iterable<Map.Entry<String, JsonNode>>) ref.get("images")::fields) {
      Path file = tmp.resolve(image.getKey());
      // PIL's pixels are interleaved (H, W, C); the decoder writes channel-major (C, H, W).
      int[] expectedRgb = channelMajor(ints(image.getValue().get("rgb")), 3);
      int[] expectedGrey = ints(image.getValue().get("grey"));
      byte[] out = new byte[3 * w * h];
      rgb.decode(file, out, 0);
      int tolerance = image.getKey().endsWith(".jpg") ? 3 : 0; // two JPEG decoders may round differently
      assertClose(image.getKey() + " as RGB", unsigned(out), expectedRgb, tolerance);
      byte[] g = new byte[w * h + 2];
      grey.decode(file, g, 2);
      assertClose(image.getKey() + " as grey", Arrays.copyOfRange(unsigned(g), 2, g.length), expectedGrey, tolerance);
    }
  }

  @Test
  void resizesWhenAllowedAndNamesTheFileOtherwise() throws IOException {
    Path file = tmp.resolve("flat.png");
    BufferedImage flat = new BufferedImage(6, 4, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 6; x++) {
        flat.setRGB(x, y, 0x102030);
      }
    }
    ImageIO.write(flat, "png", file.toFile());
    byte[] out = new byte[3 * 9 * 5];
    new ImageDecoder(3, 9, 5, true).decode(file, out, 0); // upscale height, downscale width
    int[] px = unsigned(out);
    // A flat image stays flat through bilinear scaling, edges included.
    assertThat(Arrays.copyOfRange(px, 0, 45)).containsOnly(0x10);
    assertThat(Arrays.copyOfRange(px, 45, 90)).containsOnly(0x20);
    assertThat(Arrays.copyOfRange(px, 90, 135)).containsOnly(0x30);

    assertThatThrownBy(() -> new ImageDecoder(3, 9, 5, false).decode(file, out, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is 6x4")
        .hasMessageContaining("spec.dataset.imageSize");
  }

  @Test
  void corruptTruncatedAndForeignFilesAreNamed() throws IOException {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    Path good = tmp.resolve("good.png");
    ImageIO.write(img, "png", good.toFile());
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = Files.write(tmp.resolve("truncated.png"), Arrays.copyOf(bytes, 40));
    Path text = Files.writeString(tmp.resolve("notes.png"), "not an image");
    ImageDecoder decoder = new ImageDecoder(1, 8, 8, false);
    assertThat(ImageDecoder.size(truncated)).containsExactly(8, 8); // the header alone is intact
    assertThatThrownBy(() -> decoder.decode(truncated, new byte[64], 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("image " + truncated + " is corrupt or truncated");
    assertThatThrownBy(() -> decoder.decode(text, new byte[64], 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("image " + text + " is not a PNG, JPEG or BMP image");
    assertThatThrownBy(() -> ImageDecoder.size(text))
        .hasMessageContaining("image " + text + " is not a PNG, JPEG or BMP image");
    Path missing = tmp.resolve("gone.png");
    assertThatThrownBy(() -> decoder.decode(missing, new byte[64], 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("image " + missing + " cannot be read");
  }

  private static void assertClose(String what, int[] actual, int[] expected, int tolerance) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(Math.abs(actual[i] - expected[i])).as("%s value %d: %d vs PIL's %d", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(tolerance);
    }
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static int[] channelMajor(int[] interleaved, int channels) {
    int plane = interleaved.length / channels;
    int[] out = new int[interleaved.length];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < channels; c++) {
        out[c * plane + p] = interleaved[p * channels + c];
      }
    }
    return out;
  }

  private static int[] unsigned(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
  }
}
