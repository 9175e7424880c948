// The legend of the map: the coverage colours, and the map features held, one row per value with
// its icon, readable name and count. Each value's row is a toggle, and a text box above keeps only
// the values its wildcard patterns match (`regulatory--*, object--fire-hydrant`), as the map
// feature search takes them. Changes go out as the two filter fields they set.
import { featureName } from '../shared/map/featureNames';
import { valuePasses, valuePatterns } from '../shared/map/featureFilter';
import { COVERAGE_COLORS, classColor, featureClass } from '../shared/map/mapStyle';
import { MAX_HIDDEN_VALUES, type MapSettings } from '../shared/map/mapSettings';
import { el } from './element';
import type { SpriteSheet } from './spriteSheet';

/** Rows the legend lists at most (the most frequent values). */
const MAX_ROWS = 60;

/** What the legend shows beyond the feature values. */
export interface LegendCoverage {
  coverage: boolean;
  highlighted: boolean;
  current: boolean;
  selected: number;
}

function swatch(color: string, shape: 'dot' | 'line'): HTMLElement {
  const s = el('span', `mly-swatch mly-swatch-${shape}`);
  s.style.background = color;
  return s;
}

/** The legend (see the file comment). */
export class LegendView {
  readonly root = el('div', 'mly-legend-box');
  private readonly pattern = el('input');
  private readonly rows = el('div', 'mly-legend');
  private hidden = new Set<string>();

  constructor(
    private readonly sprites: SpriteSheet,
    private readonly onChange: (change: { values: string; hiddenValues: string[] }) => void,
  ) {
    this.pattern.name = 'values';
    this.pattern.placeholder = 'values, * as wildcard';
    this.pattern.title =
      'Map feature values to show, comma separated, * as a wildcard (regulatory--*)';
    this.pattern.addEventListener('change', () => this.emit());
    const showAll = el('button', 'mly-legend-all', 'Show all');
    showAll.title = 'Show every value again';
    showAll.addEventListener('click', () => {
      this.hidden.clear();
      this.pattern.value = '';
      this.emit();
    });
    const bar = el('div', 'mly-row');
    bar.append(this.pattern, showAll);
    this.root.append(bar, this.rows);
  }

  /** Shows the settings' value filters. */
  set(settings: MapSettings): void {
    this.pattern.value = settings.filters.values;
    this.hidden = new Set(settings.filters.hiddenValues);
  }

  private emit(): void {
    this.onChange({
      values: this.pattern.value.trim(),
      hiddenValues: [...this.hidden].slice(0, MAX_HIDDEN_VALUES),
    });
  }

  /** Lists what is on the map: coverage kinds, and the values of the features held. */
  render(values: Map<string, number>, coverage: LegendCoverage): void {
    const out: HTMLElement[] = [];
    const row = (sw: HTMLElement, text: string): void => {
      const r = el('div', 'mly-legend-row');
      r.append(sw, el('span', undefined, text));
      out.push(r);
    };
    if (coverage.coverage) {
      row(swatch(COVERAGE_COLORS.perspective, 'dot'), 'Perspective images and sequences');
      row(swatch(COVERAGE_COLORS.pano, 'dot'), 'Panoramas');
      if (coverage.highlighted)
        row(swatch(COVERAGE_COLORS.highlighted, 'line'), "Organization's sequences");
      if (coverage.current) row(swatch(COVERAGE_COLORS.current, 'line'), "The image's sequence");
      if (coverage.selected)
        row(swatch(COVERAGE_COLORS.selected, 'dot'), `Selected (${coverage.selected})`);
    }
    const patterns = valuePatterns(this.pattern.value);
    const sorted = [...values.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_ROWS);
    for (const [value, count] of sorted) out.push(this.valueRow(value, count, patterns));
    if (values.size > MAX_ROWS) {
      out.push(el('div', 'mly-legend-empty', `${values.size - MAX_ROWS} more values not listed`));
    }
    if (out.length === 0) out.push(el('div', 'mly-legend-empty', 'Nothing shown'));
    this.rows.replaceChildren(...out);
  }

  private valueRow(value: string, count: number, patterns: RegExp[]): HTMLElement {
    const r = el('label', 'mly-legend-row mly-legend-value');
    const box = el('input');
    box.type = 'checkbox';
    box.dataset.value = value;
    box.checked = !this.hidden.has(value);
    // A value the text box leaves out is shown greyed; its toggle still remembers the choice.
    r.classList.toggle('mly-legend-filtered', !valuePasses(value, patterns, new Set()));
    box.addEventListener('change', () => {
      if (box.checked) this.hidden.delete(value);
      else this.hidden.add(value);
      this.emit();
    });
    const name = featureName(value);
    r.title = value || 'no value';
    r.append(
      box,
      this.sprites.icon(value, 16, classColor(featureClass(value))),
      el('span', undefined, `${name} (${count})`),
    );
    return r;
  }
}
