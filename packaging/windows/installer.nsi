; The Windows installer, target/keeper-recovery-<version>-setup.exe, after
; `cargo build --release`:
;   makensis /DVERSION=0.1.0 packaging\windows\installer.nsi
; makensis works in this file's folder: relative paths start here. EXE and
; OUTFILE may be given to package another build or write elsewhere.
; Installs for the current user only (no administrator rights needed, as a
; user locked out of an account may not have them), under
; %LOCALAPPDATA%\Programs, with a Start menu entry and an uninstaller.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "pass /DVERSION=x.y.z (the version in Cargo.toml)"
!endif
!ifndef EXE
  !define EXE "../../target/release/keeper-recovery.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "../../target/keeper-recovery-${VERSION}-setup.exe"
!endif

!define NAME "Keeper Recovery"
!define APP_ID "org.keeperrecovery.KeeperRecovery"
!define PUBLISHER "Keeper Recovery developers"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"

Name "${NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${NAME} installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Licensed under MIT OR Apache-2.0"

!include "MUI2.nsh"

!define MUI_ICON "keeper-recovery.ico"
!define MUI_UNICON "keeper-recovery.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\keeper-recovery.exe"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The app's three languages; the installer picks the system's.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "Russian"

Section "Install"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=keeper-recovery.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\keeper-recovery.exe"

  ; Apps and Features: name, version, icon, and how to remove it.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\keeper-recovery.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Removes the program only: the user's settings, open cases and keyring
; entries stay, so a reinstall resumes a recovery in progress.
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${NAME}.lnk"
  Delete "$INSTDIR\keeper-recovery.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
