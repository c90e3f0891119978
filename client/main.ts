// Entry point: page styles, KaTeX's fonts (declared at page level so formulas in shadow roots
// find them), and the app shell that picks the view for the URL.
import 'katex/dist/katex.min.css';
import './styles/global.css';
import './components/bp-app/bp-app.js';
