/** The catalogue's schema is shared with the console and API clients: contract/catalogue.ts. */
export * from '../../contract/catalogue.js';
