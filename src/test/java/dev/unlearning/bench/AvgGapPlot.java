package dev.unlearning.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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
 * A bar chart of Avg Gap per setting and forget fraction. Setting names are whole sentences of settings, so the bars
 * carry short labels (A, B, ...; "original" stays as it is) and a key under the chart spells each one out: rotated
 * full names under the bars took most of the image and left the bars a thin strip.
 */
final class AvgGapPlot {

  static final String ORIGINAL = "original";
  private static final int WIDTH = 1100;
  private static final int CHART_HEIGHT = 520;
  private static final Font KEY_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final int MARGIN = 24;

  private AvgGapPlot() {}

  /**
   * Draws {@code avgGap} (setting -> series name -> value, in the order to show) to {@code png}.
   *
   * @return the short label of each setting, in order
   */
  static List<String> draw(String title, Map<String, Map<String, Double>> avgGap, Path png) throws IOException {
    List<String> settings = new ArrayList<>(avgGap.keySet());
    List<String> labels = labels(settings);
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(CHART_HEIGHT).title(title)
        .xAxisTitle("setting (key below)").yAxisTitle("Avg Gap, percentage points").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setDecimalPattern("0.00");
    List<String> series = avgGap.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList();
    for (String s : series) {
      chart.addSeries(s, labels, settings.stream().map(n -> avgGap.get(n).getOrDefault(s, 0.0)).toList());
    }
    List<String> key = new ArrayList<>();
    for (int i = 0; i < settings.size(); i++) {
      if (!labels.get(i).equals(settings.get(i))) {
        key.add(labels.get(i) + ": " + settings.get(i));
      }
    }
    ImageIO.write(withKey(BitmapEncoder.getBufferedImage(chart), key), "png", png.toFile());
    return labels;
  }

  static List<String> labels(List<String> settings) {
    List<String> labels = new ArrayList<>();
    char next = 'A';
    for (String s : settings) {
      labels.add(s.equals(ORIGINAL) ? s : String.valueOf(next++));
    }
    return labels;
  }

  private static BufferedImage withKey(BufferedImage chart, List<String> key) {
    FontMetrics metrics = chart.createGraphics().getFontMetrics(KEY_FONT);
    int line = metrics.getHeight() + 4;
    BufferedImage out = new BufferedImage(WIDTH, CHART_HEIGHT + MARGIN + key.size() * line + MARGIN,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.drawImage(chart, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setFont(KEY_FONT);
      for (int i = 0; i < key.size(); i++) {
        g.drawString(key.get(i), MARGIN, CHART_HEIGHT + MARGIN + i * line + metrics.getAscent());
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
