import ipaddr from 'ipaddr.js';
import { type Feature, features } from '../harness/model/case.js';
import { type Endpoint, parseEndpoint } from '../harness/net/endpoint.js';
import { type Fault, faultCatalogue, isFault } from '../harness/reference/faults.js';
import { UsageError } from './usage-error.js';

export function parseTarget(text: string): Endpoint {
  const parsed = parseEndpoint(text);
  if (!parsed.ok) throw new UsageError(`--target ${JSON.stringify(text)}: ${parsed.reason}`);
  return parsed.endpoint;
}

export function parsePositiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${name} must be a positive integer, not ${JSON.stringify(text)}`);
  return value;
}

export function parsePositiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${name} must be a positive number, not ${JSON.stringify(text)}`);
  return value;
}

export function parsePort(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new UsageError(`--port must be 0..65535, not ${JSON.stringify(text)}`);
  return value;
}

export function parseFaults(names: readonly string[]): Set<Fault> {
  const faults = new Set<Fault>();
  for (const name of names) {
    if (!isFault(name)) {
      throw new UsageError(
        `unknown fault ${JSON.stringify(name)}; known: ${Object.keys(faultCatalogue).join(', ')}`,
      );
    }
    faults.add(name);
  }
  return faults;
}

export const collect = (value: string, previous: string[]) => [...previous, value];

/** `--expect bind,udp --expect ipv6`: the optional features whose absence is a failure. */
export function parseFeatures(values: readonly string[]): Feature[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  for (const name of names) {
    if (!(features as readonly string[]).includes(name)) {
      throw new UsageError(`--expect ${JSON.stringify(name)}: not a feature; known: ${features.join(', ')}`);
    }
  }
  return [...new Set(names)] as Feature[];
}

/** `--alt-source`: a second address of this host, the source of datagrams and peers the target must refuse. */
export function parseSourceAddress(text: string): string {
  if (!ipaddr.isValid(text))
    throw new UsageError(`--alt-source must be an IP address, not ${JSON.stringify(text)}`);
  return ipaddr.parse(text).toString();
}
