/**
 * The parts drawn beside the first rows but not needed for them: the filter bar, the histogram,
 * the facet counts and the status line's menus. One module, so an app's bundler makes one
 * chunk of them (fewer, larger chunks compress better), loaded with the viewer's first render
 * while the adapter loads.
 */
import '../filter-bar/filter-bar.js';
import '../histogram/histogram.js';
import '../saved-views/saved-views.js';
import '../share-menu/share-menu.js';
export { FacetController } from '../facet-panel/facet-controller.js';
export { HistogramController } from '../histogram/histogram-controller.js';
