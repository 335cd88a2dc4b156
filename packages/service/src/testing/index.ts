export { findOperation, loadOpenApiContract, openApiContract, pathOf } from './openapi-contract';
export type { OpenApiContract, SpecOperation, SpecResponseObject } from './openapi-contract';
export { validateResponse } from './spec-validator';
export type { ObservedResponse, SpecViolation, ViolationRule } from './spec-validator';
export { SpecViolationError, specValidatingFetch } from './validating-fetch';
export type { SpecValidatingFetch, SpecValidatingFetchOptions } from './validating-fetch';
export { digestOf, stateDigest, storeState } from './state-digest';
export type { StoreState, StoreStateOptions } from './state-digest';
