// Draw the dashboard's charts from the JSON the page embeds (ECharts served locally).
(function () {
  const data = JSON.parse(document.getElementById("charts-data").textContent);
  for (const chart of data) {
    const el = document.getElementById(chart.id);
    if (!el) continue;
    const instance = echarts.init(el);
    const isPie = chart.type === "pie";
    instance.setOption(isPie ? {
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: "65%", data: chart.labels.map((l, i) => ({ name: l, value: chart.values[i] })) }],
    } : {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 10, top: 20, bottom: 60 },
      xAxis: { type: "category", data: chart.labels, axisLabel: { rotate: 30 } },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: chart.values, barMaxWidth: 48, itemStyle: { color: "#b3261e" } }],
    });
    window.addEventListener("resize", () => instance.resize());
  }
})();
