// Package access decides who may see and do what: the permissions each role grants, the court
// scope of a user (a court and every court below it), and scoped reads of the store that never
// return a proceeding, event, quarantine entry or user outside the caller's scope. Handlers
// read through a Reader, not the store, so that the check is made where the data is fetched
// rather than where it is shown.
package access
