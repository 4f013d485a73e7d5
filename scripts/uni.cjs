/**
 * Runs the uni CLI with UNI_INPUT_DIR made absolute.
 *
 * The scripts keep pages.json and manifest.json at the repository root (UNI_INPUT_DIR=.). uni compares
 * module ids with UNI_INPUT_DIR as given, so a relative value makes the mp-weixin build mistake every
 * project file for a dependency and fold it into common/vendor.js. uni itself defaults to an absolute
 * path; this restores that.
 */
const path = require('node:path')

process.env.UNI_INPUT_DIR = path.resolve(process.env.UNI_INPUT_DIR || 'src')
require('@dcloudio/vite-plugin-uni/bin/uni.js')
