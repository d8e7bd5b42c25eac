/** Version of @tsf/forecasting written into saved models. */
export const LIBRARY_VERSION = '0.1.0';
