package dev.unlearning.bench;

import dev.unlearning.api.Accuracies;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The benchmark plot: forget accuracy, test accuracy and MIA score of each model (original, unlearned, retrained)
 * on the left, training throughput of the worker and of PyTorch per network on the right, in one PNG.
 */
public final class EvidencePlot {

  private EvidencePlot() {}

  /** One bar group of the throughput chart: a network and the images/s of each side and allocator, by label. */
  public record Throughput(String network, Map<String, Double> imagesPerSecond) {}

  /** The bar every other one is divided by: the small CNN and ResNet-18 differ by 100x in images/s. */
  static final String BASELINE = "PyTorch (Python, glibc malloc)";

  public static void write(Path png, String title, Map<String, Accuracies> models, List<Throughput> throughput)
      throws IOException {
    List<BufferedImage> panels = new ArrayList<>();
    panels.add(BitmapEncoder.getBufferedImage(accuracyChart(title, models)));
    if (!throughput.isEmpty()) {
      panels.add(BitmapEncoder.getBufferedImage(throughputChart(throughput)));
    }
    int width = panels.stream().mapToInt(BufferedImage::getWidth).sum();
    int height = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int x = 0;
    for (BufferedImage p : panels) {
      g.drawImage(p, x, 0, null);
      x += p.getWidth();
    }
    g.dispose();
    ImageIO.write(out, "png", png.toFile());
  }

  static CategoryChart accuracyChart(String title, Map<String, Accuracies> models) {
    CategoryChart chart = new CategoryChartBuilder().width(760).height(480).title(title)
        .xAxisTitle("model").yAxisTitle("accuracy / MIA score").build();
    style(chart);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    List<String> names = new ArrayList<>(models.keySet());
    chart.addSeries("forget accuracy", names, names.stream().map(n -> orZero(models.get(n).getForget())).toList());
    chart.addSeries("test accuracy", names, names.stream().map(n -> orZero(models.get(n).getTest())).toList());
    chart.addSeries("MIA score", names, names.stream().map(n -> orZero(models.get(n).getMia())).toList());
    return chart;
  }

  static CategoryChart throughputChart(List<Throughput> rows) {
    CategoryChart chart = new CategoryChartBuilder().width(560).height(480)
        .title("Training throughput relative to " + BASELINE).xAxisTitle("network")
        .yAxisTitle("images / s, PyTorch (glibc) = 1").build();
    style(chart);
    List<String> names = rows.stream().map(Throughput::network).toList();
    java.util.Set<String> labels = new java.util.LinkedHashSet<>();
    rows.forEach(r -> labels.addAll(r.imagesPerSecond().keySet()));
    for (String label : labels) {
      chart.addSeries(label, names, rows.stream().map(r -> {
        Double v = r.imagesPerSecond().get(label);
        Double base = r.imagesPerSecond().get(BASELINE);
        return v == null || base == null || base == 0 ? 0.0 : v / base;
      }).toList());
    }
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    return chart;
  }

  private static void style(CategoryChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setDecimalPattern("0.###");
  }

  private static double orZero(Double v) {
    return v == null ? 0.0 : v;
  }
}
