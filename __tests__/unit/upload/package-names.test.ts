import { describe, expect, it } from '@jest/globals'
import { parsePackageFileName, packageVersionProblem } from '../../../src/upload/package-names.js'

describe('name rules', () => {
  it('Octopus package file names', () => {
    expect(parsePackageFileName('Acme.Web.1.2.3.zip')).toEqual({ packageId: 'Acme.Web', version: '1.2.3', extension: '.zip' })
    expect(parsePackageFileName('api-service.2.0.0-beta.1.tar.gz')).toEqual({ packageId: 'api-service', version: '2.0.0-beta.1', extension: '.tar.gz' })
    expect(parsePackageFileName('readme.txt')).toBeUndefined()
    expect(parsePackageFileName('noversion.zip')).toBeUndefined()
    expect(packageVersionProblem('1.0.0+build.5')).toBeUndefined()
    expect(packageVersionProblem('v1')).toBeDefined()
  })
})
