export { makeWindows, sliceWindows, windowCount, windowsToTensors, type WindowOptions, type Windows } from './windows';
