/** The hostile-server harness: a proxy in front of any fake that misbehaves on demand, and "the other origin". */
export { startHostileProxy, type HostileProxy, type HostileProxyOptions, type ProxiedRequest } from './proxy.js'
export { startOtherOrigin, findLeaks, secretForms, type OtherOrigin, type ReceivedRequest } from './other-origin.js'
export { INJECTION, RUNNER_COMMANDS, type HostileMode, type Match, type ModeKind, type ModeRequest, type RedirectStatus } from './modes.js'
export { inject, mapStrings, pointLinksAt, toOtherOrigin } from './json-rewrite.js'
