// i18n/overview.js — the UI strings of the city dashboard (总览) and its wall-screen mode. Each key
// holds both languages side by side; its first part names the area: overview.

export default {
  'overview.title': { zh: '城市安全风险总览', en: 'City safety risk overview' },
  'overview.loading': { zh: '正在加载总览数据…', en: 'Loading the overview…' },
  'overview.cityLevel': { zh: '全市风险等级', en: 'City level' },
  'overview.refresh': { zh: '刷新', en: 'Refresh' },
  'overview.wall': { zh: '大屏模式', en: 'Wall screen' },
  'overview.wall.exit': { zh: '退出大屏', en: 'Leave wall screen' },
  'overview.totals': { zh: '主要指标', en: 'Key figures' },
  'overview.units': { zh: '生产经营单位', en: 'Units' },
  'overview.risks': { zh: '风险点', en: 'Risk points' },
  'overview.grade1': { zh: '重大风险（Ⅰ级）', en: 'Major risks (Ⅰ)' },
  'overview.grade2': { zh: '较大风险（Ⅱ级）', en: 'Significant risks (Ⅱ)' },
  'overview.redUnits': { zh: '红色单位', en: 'Red units' },
  'overview.flagged': { zh: '责任人层级不足', en: 'Owner rank too low' },
  'overview.gradeMakeup': { zh: '风险等级构成', en: 'Risk points by grade' },
  'overview.map': { zh: '区县风险四色图', en: 'Districts by superposed risk' },
  'overview.topSectors': { zh: '风险点最多的行业', en: 'Sectors with the most risk points' },
  'overview.redList': { zh: '红色单位名单', en: 'Red units' },
  'overview.noRed': { zh: '暂无红色单位', en: 'No red units' },
  'overview.quarter': { zh: '本季度动态', en: "This quarter's changes" },
  'overview.changesLink': { zh: '查看动态明细', en: 'See the changes' },
  'overview.unitRatings': { zh: '单位四色评级', en: 'Units by rating' },
  'overview.otherGrades': { zh: '一般及低风险', en: 'General and low' },
  'overview.chartFailed': { zh: '图表加载失败', en: 'The chart could not be loaded' },
};
