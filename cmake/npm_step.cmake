# Runs one npm step of the web app build in ui/ (cmake -P, run at build time), under a lock
# shared by every build directory of the checkout, so two builds never run npm in ui/ at once:
#   cmake -DNPM=npm -DUI_DIR=ui -DSTEP=install -P npm_step.cmake
#   cmake -DNPM=npm -DUI_DIR=ui -DSTEP=build -DOUT_DIR=DIR -P npm_step.cmake
# install: `npm ci`, skipped when ui/node_modules was installed after the last change of
#   package.json and package-lock.json (npm's node_modules/.package-lock.json is newer), so a
#   working node_modules is not wiped under someone running the dev server.
# build: `npm run build -- --outDir DIR --emptyOutDir`.
cmake_minimum_required(VERSION 3.25)

file(LOCK "${UI_DIR}/.evp-npm.lock" GUARD PROCESS TIMEOUT 1800 RESULT_VARIABLE locked)
if(NOT locked EQUAL 0)
  message(FATAL_ERROR "npm_step: cannot lock ${UI_DIR}/.evp-npm.lock: ${locked}")
endif()

if(STEP STREQUAL "install")
  set(installed "${UI_DIR}/node_modules/.package-lock.json")
  if(EXISTS "${installed}" AND NOT "${UI_DIR}/package-lock.json" IS_NEWER_THAN "${installed}"
     AND NOT "${UI_DIR}/package.json" IS_NEWER_THAN "${installed}")
    message(STATUS "ui/node_modules is up to date with package-lock.json")
    return()
  endif()
  set(command "${NPM}" ci --no-audit --no-fund)
elseif(STEP STREQUAL "build")
  set(command "${NPM}" run build -- --outDir "${OUT_DIR}" --emptyOutDir)
else()
  message(FATAL_ERROR "npm_step: unknown STEP '${STEP}'")
endif()

execute_process(COMMAND ${command} WORKING_DIRECTORY "${UI_DIR}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  string(REPLACE ";" " " shown "${command}")
  message(FATAL_ERROR "`${shown}` in ${UI_DIR} failed (${result}). Fix the web app, or "
                      "configure with -DEVP_UI=OFF to build evp without it.")
endif()
