import { describe, expect, it } from '@jest/globals'
import { formatDuration, parseBoolean, parseDuration, parseInteger, parseList, parseMap, parseServerUrl } from '../../../src/core/parse.js'

describe('parseBoolean (strict)', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    [' false ', false],
    ['FALSE', false]
  ])('%p -> %p', (input, expected) => expect(parseBoolean(input)).toBe(expected))

  it.each(['yes', 'no', '1', '0', 'on', 't', 'truee', ''])('rejects %p', (input) => {
    expect(() => parseBoolean(input)).toThrow('must be true or false')
  })
})

describe('parseInteger', () => {
  it('parses whole numbers within bounds', () => {
    expect(parseInteger('42')).toBe(42)
    expect(parseInteger(' 7 ', { min: 1, max: 9 })).toBe(7)
  })
  it.each([
    ['4.5', 'whole number'],
    ['abc', 'whole number'],
    ['0', 'at least 1'],
    ['10', 'at most 9'],
    ['99999999999999999999', 'too large']
  ])('rejects %p (%s)', (input, message) => expect(() => parseInteger(input, { min: 1, max: 9 })).toThrow(message))
})

describe('parseDuration', () => {
  it.each([
    ['600', 600_000],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['2d', 172_800_000],
    [' 5M ', 300_000]
  ])('%p -> %p ms', (input, ms) => expect(parseDuration(input)).toBe(ms))

  it.each(['', 'ten minutes', '10x', '-5', '1.5h', 'm10', '10m junk'])('rejects %p', (input) => {
    expect(() => parseDuration(input)).toThrow('must be a duration')
  })

  it('applies bounds', () => {
    expect(() => parseDuration('0', { min: 1000 })).toThrow('at least 1s')
    expect(() => parseDuration('2h', { max: 3_600_000 })).toThrow('at most 1h')
  })

  it('formats durations back', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m')
    expect(formatDuration(61_000)).toBe('1m1s')
    expect(formatDuration(0)).toBe('0s')
    expect(formatDuration(250)).toBe('250ms')
  })
})

describe('parseList', () => {
  it('splits lines and commas, ignores blanks and comments', () => {
    expect(parseList('Dev\n\n# staging later\nTest, Prod\n  UAT  ,')).toEqual(['Dev', 'Test', 'Prod', 'UAT'])
  })
  it('keeps commas when asked', () => {
    expect(parseList('a, b\nc', { comma: false })).toEqual(['a, b', 'c'])
  })
  it('handles CRLF', () => {
    expect(parseList('a\r\nb\r\n')).toEqual(['a', 'b'])
  })
})

describe('parseMap', () => {
  it('splits at the first separator only', () => {
    expect(parseMap('url=https://x.example/a?b=c\nConnectionString: Server=db;Port=5432\nempty=')).toEqual([
      ['url', 'https://x.example/a?b=c'],
      ['ConnectionString', 'Server=db;Port=5432'],
      ['empty', '']
    ])
  })
  it('uses the earliest of the separators', () => {
    expect(parseMap('a:b=c')).toEqual([['a', 'b=c']])
    expect(parseMap('a=b:c')).toEqual([['a', 'b:c']])
  })
  it('honours a restricted separator list', () => {
    expect(parseMap('Step:Name=1.0', { separators: ['='] })).toEqual([['Step:Name', '1.0']])
  })
  it.each([
    ['novalue', 'has no'],
    ['=value', 'empty name'],
    ['a=1\na=2', 'given twice']
  ])('rejects %p', (input, message) => expect(() => parseMap(input)).toThrow(message))
})

describe('parseServerUrl', () => {
  it.each([
    ['https://octopus.example.com/', 'https://octopus.example.com'],
    ['https://octopus.example.com/api', 'https://octopus.example.com'],
    ['https://octopus.example.com/api/', 'https://octopus.example.com'],
    ['https://host.example.com/octopus/api', 'https://host.example.com/octopus'],
    ['  http://127.0.0.1:8080  ', 'http://127.0.0.1:8080'],
    ['https://host.example.com/apis', 'https://host.example.com/apis']
  ])('%p -> %p', (input, expected) => expect(parseServerUrl(input, { stripSuffixes: ['/api'] })).toBe(expected))

  it.each([
    ['octopus.example.com', 'absolute http(s) URL'],
    ['ftp://host', 'http or https'],
    ['https://user:pw@host', 'must not contain credentials'],
    ['https://host/?apikey=x', 'query string']
  ])('rejects %p', (input, message) => expect(() => parseServerUrl(input)).toThrow(message))

  it('never echoes credentials found in a URL', () => {
    expect(() => parseServerUrl('https://user:hunter2@host')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }))
  })
})
