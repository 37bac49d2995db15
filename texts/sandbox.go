package texts

// The sandbox page (a demonstration with a fake Telegram).

import "chidao"

// SandboxRoles are the short role names the sandbox's person list shows.
var SandboxRoles = map[chidao.Role]string{chidao.RoleAdmin: "Ban", chidao.RoleHead: "lãnh đạo", chidao.RoleOfficer: "cán bộ"}
