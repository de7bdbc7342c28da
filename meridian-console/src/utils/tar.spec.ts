import { describe, expect, it } from 'vitest'
import { archivePath, header, splitPath, tar } from './tar'

const text = (b: Uint8Array, from: number, to: number) => new TextDecoder().decode(b.slice(from, to)).replace(/\0.*$/s, '')

describe('tar', () => {
  it('writes a ustar header tar can check: name, size in octal, magic and a checksum over the header', () => {
    const h = header({ path: 'train.py', data: new Uint8Array(1000), mtime: 0 })
    expect(text(h, 0, 100)).toBe('train.py')
    expect(text(h, 124, 136)).toBe('00000001750')
    expect(text(h, 257, 263)).toBe('ustar')
    const copy = h.slice()
    copy.fill(32, 148, 156)
    expect(parseInt(text(h, 148, 154), 8)).toBe(copy.reduce((a, b) => a + b, 0))
  })
  it('pads each file to 512 bytes and ends with two zero blocks', () => {
    expect(tar([{ path: 'a', data: new Uint8Array(1) }, { path: 'b', data: new Uint8Array(513) }]).length).toBe(512 + 512 + 512 + 1024 + 1024)
  })
  it('puts a long path into the prefix field, and refuses one that cannot fit', () => {
    const long = `${'d'.repeat(80)}/${'f'.repeat(90)}.py`
    expect(splitPath(long)).toEqual({ prefix: 'd'.repeat(80), name: `${'f'.repeat(90)}.py` })
    expect(() => splitPath('x'.repeat(300))).toThrow()
  })
  it('drops the chosen directory so its contents sit at the root, and never climbs out', () => {
    expect(archivePath({ name: 'train.py', webkitRelativePath: 'mycode/src/train.py' })).toBe('src/train.py')
    expect(archivePath({ name: 'train.py', webkitRelativePath: '' })).toBe('train.py')
    expect(archivePath({ name: 'x', webkitRelativePath: 'mycode/../../etc/x' })).toBe('etc/x')
  })
})
